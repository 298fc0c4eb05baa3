-- wrk script: POST /checkout with an order id unique to this run, thread and request, so every request is a new
-- order (a repeated id would be an idempotent replay and cost less).
local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = (os.getenv("LOAD_RUN") or "run") .. "-" .. tostring(tid) .. "-"
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/checkout?order=" .. prefix .. counter, nil, "")
end

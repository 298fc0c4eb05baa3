-- Schema 5: plan revisions for optimistic concurrency (PlanDirectory.ScheduleAsync). The column is named version
-- like every concurrency token of the library (checked in the UPDATE itself); the API calls it the plan's revision,
-- as a plan's versions are its effective-dated rule sets. Plans stored before this script are at revision 1.
-- Reads stay by primary key (one plan per refresh interval and instance) or list the few plans by id.
ALTER TABLE {prefix}plans ADD COLUMN version bigint NOT NULL DEFAULT 1;

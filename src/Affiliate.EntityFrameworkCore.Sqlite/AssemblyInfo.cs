// Logs nothing of its own; event ids 2000-2999 belong to Affiliate.EntityFrameworkCore.
[assembly: System.CLSCompliant(false)]

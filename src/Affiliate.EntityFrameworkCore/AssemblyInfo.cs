// Event ids 2000-2999 belong to Affiliate.EntityFrameworkCore (Affiliate.Core uses 1000-1999).
[assembly: System.CLSCompliant(false)]

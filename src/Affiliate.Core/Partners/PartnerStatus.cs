namespace Affiliate;

/// <summary>Where a partner stands in the program. Only <see cref="Active"/> partners earn commissions.</summary>
public enum PartnerStatus
{
    /// <summary>Applied and waiting for the program's approval.</summary>
    Pending = 0,

    /// <summary>Approved; earns commissions and upline rewards.</summary>
    Active = 1,

    /// <summary>Temporarily stopped (for example during a fraud review); can be reactivated.</summary>
    Suspended = 2,

    /// <summary>Removed from the program for good.</summary>
    Terminated = 3,

    /// <summary>The application was declined; final (the partner never took part).</summary>
    Declined = 4,
}

using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IrlExec.Dashboard.Tests.Support;

/// <summary>
/// The tests' sign-in: a request names its user in <c>X-Test-User</c> and the user's roles in <c>X-Test-Roles</c>
/// (comma-separated); a request without the header is anonymous. The policy <see cref="Policy"/> requires the role
/// <see cref="OperatorRole"/>, as a host's policy for the dashboard's actions would.
/// </summary>
public sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "test-header";
    public const string UserHeader = "X-Test-User";
    public const string RolesHeader = "X-Test-Roles";
    public const string Policy = "irlexec-operators";
    public const string OperatorRole = "operator";

    /// <summary>Adds the scheme and the policy; what a host does with its own sign-in.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(SchemeName, null);
        services.AddAuthorization(o => o.AddPolicy(Policy, p => p.RequireRole(OperatorRole)));
    }

    /// <summary>The headers of a signed-in user with <paramref name="roles"/>.</summary>
    public static Dictionary<string, string> Headers(string user, params string[] roles)
    {
        var headers = new Dictionary<string, string> { [UserHeader] = user };
        if (roles.Length > 0) headers[RolesHeader] = string.Join(",", roles);
        return headers;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var user = Request.Headers[UserHeader].ToString();
        if (user.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        var claims = new List<Claim> { new(ClaimTypes.Name, user), new(ClaimTypes.NameIdentifier, user) };
        foreach (var role in Request.Headers[RolesHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

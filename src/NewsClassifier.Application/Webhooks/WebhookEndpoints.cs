using NewsClassifier.Domain.Webhooks;

namespace NewsClassifier.Application.Webhooks;

/// <summary>The admin's endpoints: register (a secret is generated), edit, enable or disable, rotate the secret, delete.
/// Every input goes through <see cref="WebhookEndpointRules"/>; callers check that the user is an Admin.</summary>
public sealed class WebhookEndpoints(IDbContextFactory<NewsDbContext> contexts, WebhookEndpointRules rules, TimeProvider clock)
{
    public async Task<IReadOnlyList<WebhookEndpointRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.Id)
            .Select(e => new
            {
                Endpoint = e,
                Last = db.WebhookDeliveries.Where(d => d.EndpointId == e.Id).OrderByDescending(d => d.Id)
                    .Select(d => new { d.State, d.LastStatusCode, At = d.LastAttemptAt ?? d.CreatedAt }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => ToRow(r.Endpoint, r.Last?.State, r.Last?.LastStatusCode, r.Last?.At)).ToList();
    }

    public async Task<WebhookEndpointRow?> GetAsync(int id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).SingleOrDefault(e => e.Id == id);

    /// <summary>The secret receivers verify with ("whsec_..."); only Admins see it.</summary>
    public async Task<string> SecretAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await FindAsync(db, id, cancellationToken)).Secret;
    }

    /// <summary>Registers an endpoint (enabled) with a new secret; returns it and the secret.</summary>
    public async Task<(WebhookEndpointRow Endpoint, string Secret)> CreateAsync(WebhookEndpointRequest request, string user, CancellationToken cancellationToken)
    {
        var (url, description, events) = await rules.CheckAsync(request, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var endpoint = new WebhookEndpoint
        {
            Url = url, Description = description, Events = events, Enabled = true, Secret = WebhookSignature.NewSecret(),
            CreatedBy = user, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return (ToRow(endpoint, null, null, null), endpoint.Secret);
    }

    /// <summary>New URL, description and events; the secret stays (deliveries already written are sent to the new URL).</summary>
    public async Task UpdateAsync(int id, WebhookEndpointRequest request, CancellationToken cancellationToken)
    {
        var (url, description, events) = await rules.CheckAsync(request, cancellationToken);
        await ChangeAsync(id, (_, e) => (e.Url, e.Description, e.Events) = (url, description, events), cancellationToken);
    }

    /// <summary>A disabled endpoint gets no new deliveries, and its pending ones end Failed at their next try.</summary>
    public Task SetEnabledAsync(int id, bool enabled, CancellationToken cancellationToken) =>
        ChangeAsync(id, (_, e) => e.Enabled = enabled, cancellationToken);

    /// <summary>A new secret at once (the old one stops verifying): for a secret that leaked. Returns it.</summary>
    public async Task<string> RotateSecretAsync(int id, CancellationToken cancellationToken)
    {
        var secret = WebhookSignature.NewSecret();
        await ChangeAsync(id, (_, e) => e.Secret = secret, cancellationToken);
        return secret;
    }

    /// <summary>Deletes the endpoint with its delivery log.</summary>
    public Task DeleteAsync(int id, CancellationToken cancellationToken) =>
        ChangeAsync(id, (db, e) => db.WebhookEndpoints.Remove(e), cancellationToken);

    /// <summary>Reads the endpoint (refusing an unknown id), applies <paramref name="change"/> and saves it.</summary>
    private async Task ChangeAsync(int id, Action<NewsDbContext, WebhookEndpoint> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        change(db, await FindAsync(db, id, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<WebhookEndpoint> FindAsync(NewsDbContext db, int id, CancellationToken cancellationToken) =>
        await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
        ?? throw new WebhookException($"There is no webhook endpoint number {id}.");

    private static WebhookEndpointRow ToRow(WebhookEndpoint e, WebhookDeliveryState? state, int? status, DateTime? at) =>
        new(e.Id, e.Url, e.Description, WebhookEndpointRules.ParseEvents(e.Events), e.Enabled, e.CreatedBy, e.CreatedAt, state, status, at);
}

using System.Net;
using System.Net.Sockets;

namespace NewsClassifier.Application.Outbound;

/// <summary>
/// The rules every outbound request obeys (server-side request forgery): http/https only, no credentials in the URL,
/// and only public addresses unless Outbound:AllowedHosts names the host or its range. <see cref="CheckUrl"/> gives a
/// clear refusal before anything is stored or sent; <see cref="ConnectAsync"/> is the handler's connect callback, so the
/// address actually connected to is the one checked (a name that resolves differently on the second lookup, DNS
/// rebinding, cannot slip through), on every redirect hop and for every user of the client.
/// </summary>
public sealed class OutboundGuard
{
    private const string Rule = "this server does not fetch from loopback, private, link-local or multicast addresses (Outbound:AllowedHosts lists exceptions).";

    /// <summary>A slow resolver must not hold up a request; the connect-time check still applies.</summary>
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    private readonly AllowedHostList _allowed;

    public OutboundGuard(IOptions<OutboundOptions> options) => _allowed = new AllowedHostList(options.Value.AllowedHosts);

    /// <summary>Throws <see cref="OutboundRefusedException"/> unless <paramref name="url"/> may be fetched as far as can be
    /// told without DNS: scheme, credentials, "localhost" names and literal addresses.</summary>
    public void CheckUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new OutboundRefusedException($"Only http and https URLs can be downloaded: {Display(url)}");
        if (url.UserInfo.Length > 0)
            throw new OutboundRefusedException(
                $"{Display(url)} carries a user name or password before its host: credentials in URLs are refused so that they are " +
                "never stored, logged or shown. Remove the 'user:password@' part (a hub token belongs in Pretrained:HubToken).");
        var host = url.IdnHost;
        if (_allowed.AllowsName(host)) return;
        if (IsLocalhostName(host))
            throw new OutboundRefusedException($"{Display(url)} names {host}, which is this machine: {Rule}");
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal)) CheckAddress(url, literal);
    }

    /// <summary><see cref="CheckUrl"/>, then the addresses the host resolves to now, so a request can be refused before
    /// it is recorded. A name that does not resolve passes: the download reports it, and connecting checks again.</summary>
    public async Task CheckUrlAsync(Uri url, CancellationToken cancellationToken)
    {
        CheckUrl(url);
        if (_allowed.AllowsName(url.IdnHost) || IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out _)) return;
        IPAddress[] addresses;
        using var lookup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lookup.CancelAfter(LookupTimeout);
        try { addresses = await Dns.GetHostAddressesAsync(url.IdnHost, lookup.Token); }
        catch (SocketException) { return; }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { return; }
        foreach (var address in addresses) CheckAddress(url, address);
    }

    /// <summary>SocketsHttpHandler.ConnectCallback: resolves the host, refuses the connection when any address it
    /// resolves to is refused, and connects to the checked addresses themselves.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var url = context.InitialRequestMessage.RequestUri ?? new Uri($"http://{endPoint.Host}:{endPoint.Port}/");
        var host = endPoint.Host.Trim('[', ']');
        var byName = _allowed.AllowsName(host);
        if (!byName && IsLocalhostName(host))
            throw new OutboundRefusedException($"{Display(url)} names {host}, which is this machine: {Rule}");

        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
        if (!byName)
        {
            foreach (var address in addresses) CheckAddress(url, address);
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    /// <summary>The URL as it may be shown or logged: without any user name or password.</summary>
    public static string Display(Uri url)
    {
        if (!url.IsAbsoluteUri || url.UserInfo.Length == 0) return url.ToString();
        return new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString();
    }

    private void CheckAddress(Uri url, IPAddress address)
    {
        if (_allowed.AllowsAddress(address)) return;
        if (AddressRules.WhyRefused(address) is { } kind)
            throw new OutboundRefusedException($"{Display(url)} resolves to {address}, {kind}: {Rule}");
    }

    /// <summary>"localhost" and its subdomains always mean this machine (RFC 6761), whatever a resolver says.</summary>
    private static bool IsLocalhostName(string host)
    {
        var name = AllowedHostList.NormaliseName(host);
        return name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal);
    }
}

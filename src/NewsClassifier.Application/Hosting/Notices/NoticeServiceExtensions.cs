using Microsoft.Extensions.DependencyInjection.Extensions;

namespace NewsClassifier.Application.Hosting.Notices;

public static class NoticeServiceExtensions
{
    /// <summary>The sender and the listener every process has; both do nothing on SQLite.</summary>
    public static IHostApplicationBuilder AddNotices(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<NoticeOptions>(NoticeOptions.SectionName)
            .Validate(o => o.MinReconnectSeconds <= o.MaxReconnectSeconds, "Notices:MinReconnectSeconds must not exceed Notices:MaxReconnectSeconds.");
        builder.Services.TryAddSingleton<NoticeSender>();
        builder.Services.TryAddSingleton<NoticeListener>();
        builder.Services.AddHostedService(services => services.GetRequiredService<NoticeListener>());
        return builder;
    }

    /// <summary>Makes <see cref="Notifier{T}"/> of <typeparamref name="T"/> reach the other processes on the database
    /// (PostgreSQL), as <typeparamref name="TNotice"/> describes and re-reads it; the notifier itself is registered too.</summary>
    public static IServiceCollection AddSharedNotifier<T, TNotice>(this IServiceCollection services) where TNotice : class, IRemoteNotice<T>
    {
        services.TryAddSingleton<IRemoteNotice<T>, TNotice>();
        return services.AddForwarding<T>();
    }

    /// <summary>As above, for a payload that is a row named by <paramref name="key"/>, re-read by <paramref name="read"/>
    /// in the receiving process (<see cref="RowNotice{T}"/>).</summary>
    public static IServiceCollection AddSharedNotifier<T>(this IServiceCollection services, string channel, Func<T, long> key,
        Func<NewsDbContext, long, CancellationToken, Task<T?>> read) where T : class
    {
        services.TryAddSingleton<IRemoteNotice<T>>(new RowNotice<T>(channel, key, read));
        return services.AddForwarding<T>();
    }

    private static IServiceCollection AddForwarding<T>(this IServiceCollection services)
    {
        services.TryAddSingleton<INoticeForwarder<T>, PostgresNoticeForwarder<T>>();
        services.AddSingleton<IRemoteNoticeReceiver, RemoteNoticeReceiver<T>>();
        services.TryAddSingleton<Notifier<T>>();
        return services;
    }
}

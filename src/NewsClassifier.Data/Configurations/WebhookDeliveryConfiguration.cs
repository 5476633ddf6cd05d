namespace NewsClassifier.Data.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.MessageId).HasMaxLength(64);
        builder.Property(d => d.EventType).HasMaxLength(50);
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.LastError).HasMaxLength(500);
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        // The delivery log lists an endpoint's newest first; the retry sweep finds what is due.
        builder.HasIndex(d => new { d.EndpointId, d.Id });
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
    }
}

namespace NewsClassifier.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.Property(e => e.Url).HasMaxLength(WebhookEndpoint.MaxUrlLength);
        builder.Property(e => e.Description).HasMaxLength(200);
        builder.Property(e => e.Secret).HasMaxLength(100);
        builder.Property(e => e.Events).HasMaxLength(500);
        builder.Property(e => e.CreatedBy).HasMaxLength(100);
    }
}

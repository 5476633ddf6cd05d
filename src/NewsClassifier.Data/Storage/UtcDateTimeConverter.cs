using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace NewsClassifier.Data.Storage;

/// <summary>All times are stored in UTC; SQLite keeps no kind, so values read back are marked UTC again
/// (otherwise JSON and pages would show them as local times without an offset).</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value,
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

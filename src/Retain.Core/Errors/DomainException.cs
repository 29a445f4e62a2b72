namespace Retain.Core.Errors;

/// <summary>
/// A request the domain refuses, with the field at fault where there is one. The server maps each kind to its status
/// (<see cref="NotFoundException"/> 404, <see cref="ConflictException"/> 409, <see cref="UnprocessableException"/> 422)
/// and rolls the request's transaction back.
/// </summary>
public abstract class DomainException(string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    /// <summary>Field (JSON path, camelCase) → reasons.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();
}

public sealed class NotFoundException(string message) : DomainException(message);

public sealed class ConflictException(string message, string? field = null)
    : DomainException(message, field is null ? null : new Dictionary<string, string[]> { [field] = [message] });

public sealed class UnprocessableException : DomainException
{
    public UnprocessableException(string field, string reason)
        : base(reason, new Dictionary<string, string[]> { [field] = [reason] })
    {
    }

    public UnprocessableException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join("; ", errors.SelectMany(e => e.Value)), errors)
    {
    }
}

/// <summary>Collects field errors and throws them together, so a caller sees every problem of a request at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string reason)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(reason);
    }

    public void ThrowIfAny()
    {
        if (Any)
            throw new UnprocessableException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }
}

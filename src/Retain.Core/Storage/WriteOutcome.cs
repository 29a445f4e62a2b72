namespace Retain.Core.Storage;

/// <summary>What an upsert did: the API answers 201 for <see cref="Created"/> and 200 otherwise.</summary>
public enum WriteOutcome
{
    Created,
    Updated,
    Unchanged,
}

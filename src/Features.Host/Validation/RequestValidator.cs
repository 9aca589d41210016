using FastEndpoints;
using Features.Host.Configuration;
using FluentValidation;

namespace Features.Host.Validation;

/// <summary>
/// Base of every slice's validator: one message per field (the first rule that fails), as the problem body's
/// <c>errors</c> promise. Validators are singletons: they check request shape only, never the database.
/// </summary>
public abstract class RequestValidator<TRequest> : Validator<TRequest> where TRequest : notnull
{
    protected RequestValidator() => RuleLevelCascadeMode = CascadeMode.Stop;

    /// <summary>
    /// The limits of the host serving the request, read when a rule runs: FastEndpoints keeps one validator instance per
    /// request type for the whole process, so one captured in the constructor would be another host's in a process with two.
    /// </summary>
    protected LimitOptions Limits => Resolve<FeaturesOptions>().Limits;
}

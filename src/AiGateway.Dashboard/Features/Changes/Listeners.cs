namespace AiGateway.Dashboard.Features.Changes;

/// <summary>Raising an in-process event whose listeners may be gone (a closed circuit): one broken listener never fails the others or the sender.</summary>
public static class Listeners
{
    public static void Notify<T>(Action<T>? handlers, T value)
    {
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action<T>>())
        {
            try
            {
                handler(value);
            }
            catch (Exception)
            {
                // A broken listener never fails the change that was made.
            }
        }
    }
}

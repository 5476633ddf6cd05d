using Microsoft.AspNetCore.Components.Authorization;
using NewsClassifier.Application.Labeling;

namespace NewsClassifier.Web.Components.Pages.Labeling;

/// <summary>Who is labelling: the signed-in user's name, or "anonymous" until accounts exist (shown on the pages).</summary>
public static class LabelingUser
{
    public static async Task<string> NameAsync(AuthenticationStateProvider authentication)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var identity = state.User.Identity;
        return Annotators.Normalize(identity is { IsAuthenticated: true } ? identity.Name : null);
    }
}

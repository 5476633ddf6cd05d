using MudBlazor;
using NewsClassifier.Application.Registry;

namespace NewsClassifier.Web.Components.Pages.Models;

/// <summary>The promote flow both Models pages share: check the role, ask why, move the alias in the signed-in user's name, say what happened.</summary>
internal static class Promotion
{
    /// <returns>True when the alias moved.</returns>
    public static async Task<bool> PromoteAsync(IDialogService dialogs, ModelRegistry registry, ISnackbar snackbar, CurrentUser user, ModelInfo model, int version, string alias)
    {
        if (!await user.EnsureAsync(Policies.Train)) return false;
        var parameters = new DialogParameters<PromoteDialog>
        {
            { d => d.Model, model.Model.Name },
            { d => d.Alias, alias },
            { d => d.Version, version },
            { d => d.CurrentVersion, model.VersionOf(alias) },
        };
        var dialog = await dialogs.ShowAsync<PromoteDialog>($"Move {alias}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is null || result.Canceled || result.Data is not PromoteDialog.PromoteAnswer answer) return false;
        try
        {
            await registry.SetAliasAsync(model.Model.Name, alias, version, await user.NameAsync(), answer.Reason, CancellationToken.None);
            snackbar.Add($"{model.Model.Name}@{alias} is now version {version}.", Severity.Success);
            return true;
        }
        catch (RegistryException e)
        {
            snackbar.Add(e.Message, Severity.Warning);
            return false;
        }
    }
}

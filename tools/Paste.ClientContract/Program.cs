using Paste.ClientContract;

// Build-time steps of src/Paste.Client around NSwag's generation; see ClientDocument and PropertyNames for why.
switch (args)
{
    case ["derive", var contract, var clientDocument]:
        return await ClientDocument.DeriveAsync(contract, clientDocument);
    case ["name-properties", var generatedCode]:
        return await PropertyNames.PascalCaseAsync(generatedCode);
    default:
        await Console.Error.WriteLineAsync(
            "usage: Paste.ClientContract derive <docs/openapi.json> <client document to write>" + Environment.NewLine
            + "       Paste.ClientContract name-properties <generated C# file to rewrite>");
        return 2;
}

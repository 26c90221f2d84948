# Parses each file named on the command line with PowerShell's own parser (nothing is run) and prints, per file,
# one line "<file>:<line>:<message>" for each parse error, then "parsed <file>". With -Strings it also prints
# every constant string assignment as "<file>: $<name> = [<value>]" (what a quoted value really holds).
# Used by PowerShellScriptTests; always exits 0 (the test reads the lines).
param([switch] $Strings, [Parameter(ValueFromRemainingArguments = $true)][string[]] $Files)
$ErrorActionPreference = 'Stop'
foreach ($file in $Files) {
    $tokens = $null
    $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($file, [ref] $tokens, [ref] $errors)
    foreach ($parseError in $errors) {
        [Console]::Out.WriteLine("$($file):$($parseError.Extent.StartLineNumber):$($parseError.Message)")
    }
    if ($Strings) {
        $assignments = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.AssignmentStatementAst] }, $true)
        foreach ($assignment in $assignments) {
            $value = $assignment.Right.Expression
            if ($value -is [System.Management.Automation.Language.StringConstantExpressionAst]) {
                [Console]::Out.WriteLine("$($file): $($assignment.Left.Extent.Text) = [$($value.Value)]")
            }
        }
    }
    [Console]::Out.WriteLine("parsed $file")
}

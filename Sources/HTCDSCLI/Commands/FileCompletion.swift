import ArgumentParser

/// What shells complete for options and arguments that name files (the
/// scripts `htcds --generate-completion-script bash|zsh|fish` writes).
extension CompletionKind {
    /// A mapping file.
    static var mappingFile: CompletionKind { .file(extensions: ["yaml", "yml"]) }
    /// A report to write: its extension says which form.
    static var reportFile: CompletionKind { .file(extensions: ["json", "html", "md"]) }
    /// A JSON report to read.
    static var jsonReport: CompletionKind { .file(extensions: ["json"]) }
    /// Any file: an input, an output, a rejects or JUnit file.
    static var anyFile: CompletionKind { .file() }
}

/// The language server. (In progress.)
public enum LanguageServer {}

/// Byte-level BPE tokenizer (o200k_base, cl100k_base). (In progress.)
public enum Tokenizer {}

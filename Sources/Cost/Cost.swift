/// The token-cost preview: tool calls versus code mode. (In progress.)
public enum Cost {}

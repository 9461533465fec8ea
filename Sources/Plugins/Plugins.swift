/// The plugin host: rule packs and out-of-process plugins. (In progress.)
public enum Plugins {}

/// The tool-selection simulator. (In progress.)
public enum Selection {}

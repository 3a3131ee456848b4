public enum DriftStatsPlaceholder {}

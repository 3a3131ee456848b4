public enum SampleScenarioPlaceholder {}

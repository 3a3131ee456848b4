import ArgumentParser

/// Flags of the commands that take over the terminal (`watch`, `demo`); `--metrics-listen` also
/// serves `watch --headless`.
struct ScreenOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write diagnostics to this file (nothing is printed while the screen is up).", valueName: "file"))
    var log: String?

    @Option(help: ArgumentHelp("Colour theme: default, light, high-contrast, colorblind, mono, or a theme file (default: the configuration's).", valueName: "name"))
    var theme: String?

    @Flag(help: "A screen shared with others: no key acknowledges, silences or undoes an alert.")
    var readonly = false

    @Option(name: .customLong("metrics-listen"), help: ArgumentHelp("Serve the counts to Prometheus: GET /metrics on this address (127.0.0.1:9464, [::1]:9464, :9464 for every interface).", valueName: "host:port"))
    var metricsListen: String?

    @Flag(name: .customLong("no-mouse"), help: "Leave the mouse to the terminal (its own selection and copy): clicks select rows, sort by a header and switch screens otherwise.")
    var noMouse = false
}

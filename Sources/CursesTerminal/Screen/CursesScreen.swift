import CNCursesW
import Dashboard
#if canImport(Glibc)
import Glibc
#endif

/// The terminal, taken over by ncurses: draws a `Buffer`, reads keys and resize events, and
/// gives the terminal back on every way out (tui.md "Terminal conventions").
///
/// Use it from one thread (the UI loop's). `restore()` is idempotent and also runs on `deinit`;
/// termination signals only set a flag (`takeTerminationSignal()`), so the loop ends the way
/// `q` does; crash signals restore the terminal from a precomputed byte string and re-raise.
public final class CursesScreen: Terminal {
    /// How the screen is set up.
    public struct Options: Sendable {
        /// No colour at all, as `NO_COLOR` asks (https://no-color.org).
        public var noColor: Bool
        /// How long curses waits after Esc for the rest of an escape sequence.
        public var escapeDelayMilliseconds: Int
        /// Clicks and the wheel reported (off with `--no-mouse`: the terminal's own selection
        /// then works as usual).
        public var mouse: Bool

        public init(noColor: Bool = false, escapeDelayMilliseconds: Int = 25, mouse: Bool = true) {
            self.noColor = noColor
            self.escapeDelayMilliseconds = escapeDelayMilliseconds
            self.mouse = mouse
        }

        /// The defaults, with `noColor` set when `NO_COLOR` is present and not empty.
        public static func fromEnvironment(_ environment: [String: String]) -> Options {
            Options(noColor: !(environment["NO_COLOR"] ?? "").isEmpty)
        }
    }

    /// The colours this terminal shows, after `NO_COLOR`.
    public let colorDepth: ColorDepth
    /// True when the locale's character set is UTF-8: block characters and symbols can be
    /// drawn; otherwise the dashboard uses its ASCII glyphs.
    public let isUTF8: Bool
    /// Columns and rows, updated on a resize.
    public private(set) var width: Int
    public private(set) var height: Int
    /// Colour pairs in use so far.
    public var colorPairsInUse: Int { pairs.count }

    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let terminalFile: UnsafeMutablePointer<FILE>?
    /// The descriptor keys are read from.
    private let inputDescriptor: Int32
    private var pairs: ColorPairs
    private var isActive = true
    private var characters: [wchar_t] = []

    /// Takes over the terminal: the process's own when standard input and output are one,
    /// else `/dev/tty` (`modeltop watch -` reads its log from a pipe).
    public init(options: Options = Options()) throws(TerminalError) {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET))).uppercased()
        isUTF8 = codeset == "UTF-8" || codeset == "UTF8"
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        var file: UnsafeMutablePointer<FILE>? = nil
        let created: OpaquePointer?
        if interactive {
            created = newterm(nil, mt_stdout(), mt_stdin())
        } else {
            file = fopen("/dev/tty", "r+")
            guard let file else {
                throw TerminalError(call: "fopen(\"/dev/tty\")", detail: "no terminal to draw on (errno \(errno)); use `modeltop report` without a terminal")
            }
            created = newterm(nil, file, file)
        }
        let term = getenv("TERM").map { String(cString: $0) } ?? "unset"
        let instead = "run `modeltop report` for a summary or `modeltop watch --headless` for alert lines instead"
        guard let created, let window = mt_stdscr() else {
            if let file { fclose(file) }
            throw TerminalError(
                call: "newterm", detail: "this terminal (TERM=\(term)) is unknown to curses: \(instead)",
                isUnusableTerminal: true)
        }
        // A terminal that cannot move the cursor (`dumb`: an editor's shell, some CI consoles)
        // would draw every frame as a scroll of text: say so rather than draw nothing.
        guard mt_tigetstr("cup") != nil else {
            endwin()
            delscreen(created)
            if let file { fclose(file) }
            throw TerminalError(
                call: "newterm", detail: "this terminal (TERM=\(term)) cannot move the cursor, so it cannot show the dashboard: \(instead)",
                isUnusableTerminal: true)
        }
        self.screen = created
        self.window = window
        self.terminalFile = file
        inputDescriptor = file.map { fileno($0) } ?? STDIN_FILENO
        let outputDescriptor = file.map { fileno($0) } ?? STDOUT_FILENO
        CrashRestore.arm(descriptor: outputDescriptor, mouse: options.mouse)

        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        scrollok(window, false)
        leaveok(window, true)
        curs_set(0)
        set_escdelay(Int32(options.escapeDelayMilliseconds))
        if options.mouse { mt_enable_mouse(1) }

        var depth = ColorDepth.none
        if !options.noColor && has_colors() {
            start_color()
            use_default_colors()
            let isDirect = tigetflag("RGB") > 0
            depth = ColorDepth.of(colors: Int(mt_colors()), isDirect: isDirect, noColor: false)
        }
        colorDepth = depth
        pairs = ColorPairs(capacity: depth == .none ? 0 : Int(mt_color_pairs()))
        var rows: Int32 = 0, columns: Int32 = 0
        mt_getmaxyx(window, &rows, &columns)
        width = Int(columns)
        height = Int(rows)

        // Curses' own SIGINT/SIGTERM handlers would exit without our cleanup.
        try? TerminationSignal.install()
    }

    deinit { restore() }

    /// Gives the terminal back (`endwin`): cursor shown, normal screen, cooked mode. Safe to
    /// call more than once.
    public func restore() {
        guard isActive else { return }
        isActive = false
        CrashRestore.disarm()
        endwin()
        delscreen(screen)
        if let terminalFile { fclose(terminalFile) }
        TerminationSignal.uninstall()
    }

    /// The termination signal (SIGINT, SIGTERM, SIGHUP) received since the last call, if any.
    public func takeTerminationSignal() -> Int32? {
        TerminationSignal.take()
    }

    /// Draws `buffer` as the whole screen: `werase`, then runs of equally styled cells, then
    /// `wnoutrefresh` + `doupdate`, which send only what changed since the last frame.
    /// Continuation cells are skipped (the wide character before them covers them); control
    /// characters become `?` so a cell can never move the cursor.
    public func draw(_ buffer: Buffer) {
        guard isActive else { return }
        werase(window)
        let rows = min(buffer.height, height)
        let columns = min(buffer.width, width)
        for y in 0..<rows {
            var x = 0
            while x < columns {
                let style = buffer[x, y].style
                let start = x
                characters.removeAll(keepingCapacity: true)
                while x < columns {
                    let cell = buffer[x, y]
                    if cell.isContinuation { x += 1; continue }
                    if cell.style != style { break }
                    // A wide character whose right half falls off the screen is not drawn.
                    if x + 1 >= columns && DisplayWidth.of(cell.character) == 2 { characters.append(32); x += 1; continue }
                    appendScalars(of: cell.character)
                    x += 1
                }
                if characters.isEmpty { continue }
                apply(style)
                characters.withUnsafeBufferPointer { run in
                    // The bottom-right cell returns ERR (the cursor cannot advance) but is drawn;
                    // with scrollok off nothing scrolls.
                    _ = mvwaddnwstr(window, Int32(y), Int32(start), run.baseAddress, Int32(run.count))
                }
            }
        }
        wattr_set(window, 0, 0, nil)
        wnoutrefresh(window)
        doupdate()
    }

    /// Waits up to `timeoutMilliseconds` for a key or a resize (0: do not wait; negative: wait
    /// for ever). Returns `nil` on timeout, on a signal, or for input with no meaning here. A
    /// resize updates `width` and `height` before it is returned; a terminal that has gone
    /// away (the window closed, the connection dropped) reads as `TerminalEvent.hangUp`:
    /// SIGHUP usually says so first, this covers a process that missed it.
    public func readEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        guard isActive else { return nil }
        wtimeout(window, Int32(clamping: timeoutMilliseconds))
        var value: wint_t = 0
        let status = wget_wch(window, &value)
        let input: KeyInput
        switch status {
        case mt_key_code_yes() where Int32(bitPattern: value) == mt_key_mouse():
            var x: Int32 = 0, y: Int32 = 0, kind: Int32 = 0
            guard mt_get_mouse(&x, &y, &kind) == mt_ok() else { return nil }
            switch kind {
            case 1: return .click(x: Int(x), y: Int(y))
            case 4: return .wheel(up: true)
            case 5: return .wheel(up: false)
            default: return nil
            }
        case mt_key_code_yes(): input = .keyCode(Int32(bitPattern: value))
        case mt_ok(): input = .character(UInt32(value))
        default:
            return isHungUp() ? .hangUp : nil
        }
        let event = TerminalEvent(curses: input)
        if event == .resize {
            var rows: Int32 = 0, columns: Int32 = 0
            mt_getmaxyx(window, &rows, &columns)
            width = Int(columns)
            height = Int(rows)
        }
        return event
    }

    /// After a read that returned nothing: a hung-up or closed terminal reads as ready with
    /// nothing in it, for ever.
    private func isHungUp() -> Bool {
        var descriptor = pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) == 1 else { return false }
        let gone = Int16(POLLHUP) | Int16(POLLERR) | Int16(POLLNVAL)
        return descriptor.revents & gone != 0
    }

    // MARK: Drawing

    private func appendScalars(of character: Character) {
        for scalar in character.unicodeScalars {
            let value = scalar.value
            characters.append(value < 0x20 || (value >= 0x7F && value < 0xA0) ? 63 : wchar_t(bitPattern: value))
        }
    }

    private func apply(_ style: CellStyle) {
        var attributes = mt_a_normal()
        if style.bold { attributes |= mt_a_bold() }
        if style.reverse { attributes |= mt_a_reverse() }
        if style.underline { attributes |= mt_a_underline() }
        if style.dim { attributes |= mt_a_dim() }
        var pair: Int32 = 0
        if colorDepth != .none {
            let key = ColorPairs.Key(
                foreground: ColorMapping.number(for: style.foreground, depth: colorDepth),
                background: ColorMapping.number(for: style.background, depth: colorDepth))
            pair = pairs.pair(for: key) { number, key in
                init_extended_pair(number, key.foreground, key.background) == mt_ok()
            }
        }
        wattr_set(window, attributes, Int16(clamping: pair), &pair)
    }
}

extension CursesKeyCode {
    /// True when the codes of this table are the linked ncurses' own (checked by the tests,
    /// which cannot import the C module).
    public static var agreesWithCurses: Bool {
        up == mt_key_up() && down == mt_key_down() && left == mt_key_left() && right == mt_key_right()
            && pageUp == mt_key_ppage() && pageDown == mt_key_npage() && home == mt_key_home()
            && end == mt_key_end() && backTab == mt_key_btab() && enter == mt_key_enter()
            && backspace == mt_key_backspace() && delete == mt_key_dc() && resize == mt_key_resize()
            && f0 + 1 == mt_key_f(1) && f0 + 12 == mt_key_f(12)
    }
}

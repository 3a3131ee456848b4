#ifndef MODELTOP_CNCURSESW_SHIM_H
#define MODELTOP_CNCURSESW_SHIM_H

// Wide-character ncurses: these must be defined before the header is included.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/curses.h>

// Swift 6 rejects mutable C globals and cannot call function-like macros, so every one the
// backend needs is wrapped here as a prefixed static inline function.

static inline WINDOW *mt_stdscr(void) { return stdscr; }
static inline FILE *mt_stdin(void) { return stdin; }
static inline FILE *mt_stdout(void) { return stdout; }
static inline int mt_lines(void) { return LINES; }
static inline int mt_cols(void) { return COLS; }
static inline int mt_colors(void) { return COLORS; }
static inline int mt_color_pairs(void) { return COLOR_PAIRS; }
static inline int mt_err(void) { return ERR; }
static inline int mt_ok(void) { return OK; }
static inline int mt_key_code_yes(void) { return KEY_CODE_YES; }

static inline void mt_getmaxyx(WINDOW *window, int *rows, int *columns) {
    int y = 0, x = 0;
    getmaxyx(window, y, x);
    *rows = y;
    *columns = x;
}

// Attributes (A_* are macros over NCURSES_BITS).
static inline attr_t mt_a_normal(void) { return A_NORMAL; }
static inline attr_t mt_a_bold(void) { return A_BOLD; }
static inline attr_t mt_a_reverse(void) { return A_REVERSE; }
static inline attr_t mt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t mt_a_dim(void) { return A_DIM; }

// Key codes.
static inline int mt_key_up(void) { return KEY_UP; }
static inline int mt_key_down(void) { return KEY_DOWN; }
static inline int mt_key_left(void) { return KEY_LEFT; }
static inline int mt_key_right(void) { return KEY_RIGHT; }
static inline int mt_key_ppage(void) { return KEY_PPAGE; }
static inline int mt_key_npage(void) { return KEY_NPAGE; }
static inline int mt_key_home(void) { return KEY_HOME; }
static inline int mt_key_end(void) { return KEY_END; }
static inline int mt_key_btab(void) { return KEY_BTAB; }
static inline int mt_key_enter(void) { return KEY_ENTER; }
static inline int mt_key_backspace(void) { return KEY_BACKSPACE; }
static inline int mt_key_dc(void) { return KEY_DC; }
static inline int mt_key_resize(void) { return KEY_RESIZE; }
static inline int mt_key_f(int n) { return KEY_F(n); }
static inline int mt_key_mouse(void) { return KEY_MOUSE; }

// The mouse: presses of the first button (a click, reported at once: no click interval) and
// the wheel (buttons 4 and 5).
static inline void mt_enable_mouse(int on) {
    mmask_t wanted = BUTTON1_PRESSED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
    wanted |= BUTTON5_PRESSED;
#endif
    mousemask(on ? wanted : 0, NULL);
    mouseinterval(0);
}

// The mouse event just read: its cell and what happened (1 a click, 4 the wheel up, 5 the
// wheel down, 0 anything else). Returns ERR when there is none.
static inline int mt_get_mouse(int *x, int *y, int *kind) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *x = event.x;
    *y = event.y;
    *kind = 0;
    if (event.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) *kind = 1;
    else if (event.bstate & BUTTON4_PRESSED) *kind = 4;
#ifdef BUTTON5_PRESSED
    else if (event.bstate & BUTTON5_PRESSED) *kind = 5;
#endif
    return OK;
}

// The signal handlers and their state are in CTerminalSignals, compiled once: static state in
// a header is copied into every module that inlines its functions.

/// The terminfo string capability `name`, or NULL when the terminal lacks it.
static inline const char *mt_tigetstr(const char *name) {
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1) return NULL;
    return value;
}

#endif

//! What Ctrl-C (SIGINT) does to a command that must not end as the default signal action
//! ends it: at once, with no destructor run, so no temporary file removed.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The exit code of a run stopped by Ctrl-C, as a shell reports a process ended by SIGINT.
pub const STOPPED_BY_CTRL_C: u8 = 130;

/// Ctrl-C during a run that stops cleanly: the first press asks it to stop (the run checks
/// [`pressed`](Self::pressed) when it can), a second ends the process at once (a run blocked
/// reading a terminal or pipe that sends nothing would never check).
pub struct CtrlC {
    pressed: Arc<AtomicBool>,
}

impl CtrlC {
    /// Watches for Ctrl-C from now on, saying `stopping` at the first press; without a handler
    /// (one could not be set), Ctrl-C ends the process as a second press does.
    pub fn watch(stopping: &'static str) -> CtrlC {
        let pressed = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&pressed);
        let _ = ctrlc::set_handler(move || {
            if seen.swap(true, Ordering::SeqCst) {
                std::process::exit(i32::from(STOPPED_BY_CTRL_C));
            }
            eprintln!("\n{stopping}");
        });
        CtrlC { pressed }
    }

    /// Whether Ctrl-C was pressed.
    pub fn pressed(&self) -> bool {
        self.pressed.load(Ordering::SeqCst)
    }
}

/// From now on, Ctrl-C runs `clean_up` (removing the command's temporary files) and ends the
/// process at once, as the default action would.
pub fn on_ctrl_c(clean_up: impl Fn() + Send + 'static) {
    let _ = ctrlc::set_handler(move || {
        clean_up();
        std::process::exit(i32::from(STOPPED_BY_CTRL_C));
    });
}

/// From now on, Ctrl-C removes `dir` (the command's temporary files) and ends the process at
/// once, as the default action would. The removal is tried a few times: the command may create
/// a file in it meanwhile, which makes removing it fail as not empty.
pub fn remove_on_ctrl_c(dir: PathBuf) {
    on_ctrl_c(move || {
        for _ in 0..5 {
            if std::fs::remove_dir_all(&dir).is_ok() || !dir.exists() {
                break;
            }
        }
    });
}

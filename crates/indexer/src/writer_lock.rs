//! Writers of one index exclude each other with an operating-system lock on a file of their own.
//!
//! Tantivy's writer lock is a file whose existence is the lock: deleted while a writer runs, it
//! lets a second writer in, and two writers committing to one index damage it. The lock here is
//! held by the kernel on an open file (`flock`), for as long as the writer lives, whatever
//! happens to tantivy's file; and before each commit the writer checks that its lock file is
//! still the one it locked, so that deleting this one too cannot let a second writer commit
//! beside it unseen.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use fs4::fs_std::FileExt;

use crate::error::Error;

/// The lock file, in the index directory.
const LOCK_FILE: &str = ".tracuu-writer.lock";

/// An index directory locked for writing.
#[derive(Debug)]
pub(crate) struct WriterLock {
    /// Held open: closing it releases the lock.
    file: File,
    path: PathBuf,
}

impl WriterLock {
    /// Locks `dir` for writing.
    ///
    /// # Errors
    /// [`ErrorKind::InUse`](crate::ErrorKind::InUse) when another writer holds the lock;
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when the lock file cannot be created (a
    /// read-only index).
    pub(crate) fn acquire(dir: &Path) -> Result<WriterLock, Error> {
        let path = dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::io(&path, source))?;
        match file.try_lock_exclusive() {
            Ok(true) => Ok(WriterLock { file, path }),
            Ok(false) => Err(Error::in_use(Some(dir))),
            Err(source) => Err(Error::io(&path, source)),
        }
    }

    /// Checks that the lock file is still the one locked.
    ///
    /// # Errors
    /// [`ErrorKind::Io`](crate::ErrorKind::Io) when it was removed or replaced: another writer
    /// may have started, so nothing more may be committed.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let held = self.file.metadata().map_err(|e| Error::io(&self.path, e))?;
        let same = std::fs::metadata(&self.path).is_ok_and(|now| same_file(&held, &now));
        if same {
            Ok(())
        } else {
            let message = "the writer's lock file was removed while it ran: another writer may \
                           have started, so nothing more is committed (documents committed \
                           before are kept)";
            Err(Error::io(&self.path, io::Error::other(message)))
        }
    }
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    // Elsewhere only the file's existence is checked (above).
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn a_second_writer_is_refused_even_when_the_lock_file_is_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let first = WriterLock::acquire(dir.path()).unwrap();
        let second = WriterLock::acquire(dir.path()).unwrap_err();
        assert_eq!(second.kind(), ErrorKind::InUse);
        first.check().unwrap();

        std::fs::remove_file(dir.path().join(LOCK_FILE)).unwrap();
        let error = first.check().unwrap_err();
        assert!(
            error.to_string().contains("nothing more is committed"),
            "{error}"
        );
        // A new lock file is a new lock: the first writer can no longer commit, so the second
        // is alone.
        let third = WriterLock::acquire(dir.path()).unwrap();
        third.check().unwrap();
        assert!(first.check().is_err());
    }
}

//! Opening an index that cannot be written: a read-only mount, or another user's files.
//!
//! Tantivy's readers take a lock file while they open segments, so that a writer's clean-up
//! cannot delete a segment being opened; where no file can be created, that fails, and every
//! search with it. [`ReadOnlyDirectory`] grants that lock without a file and refuses every
//! write, so such an index can be searched. No writer can change a read-only mount; on files
//! that are only read-only to this user, their owner's writer could remove a segment while it
//! is opened, and the search then fails with an error (not wrong results).

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

/// An index directory opened for reading only (see the module documentation).
#[derive(Debug, Clone)]
pub(crate) struct ReadOnlyDirectory {
    inner: MmapDirectory,
}

impl ReadOnlyDirectory {
    /// Opens `dir` for reading.
    pub(crate) fn open(dir: &Path) -> tantivy::Result<ReadOnlyDirectory> {
        Ok(ReadOnlyDirectory {
            inner: MmapDirectory::open(dir)?,
        })
    }

    fn refused(&self, file: &Path) -> io::Error {
        let message = format!("read-only index: {} cannot be written", file.display());
        io::Error::new(io::ErrorKind::PermissionDenied, message)
    }
}

/// Whether the lock readers take cannot be had in `dir` because it cannot be written (rather
/// than because it is busy).
pub(crate) fn cannot_be_written(dir: &Path) -> bool {
    let Ok(directory) = MmapDirectory::open(dir) else {
        return false;
    };
    match directory.acquire_lock(&META_LOCK) {
        Err(LockError::IoError(error)) => matches!(
            error.kind(),
            io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::PermissionDenied
        ),
        _ => false,
    }
}

impl Directory for ReadOnlyDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(self.refused(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(self.refused(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(self.refused(path))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Readers' locks are granted without a file; a writer's is refused.
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        if lock.filepath == META_LOCK.filepath {
            Ok(DirectoryLock::from(Box::new(())))
        } else {
            Err(LockError::IoError(Arc::new(self.refused(&lock.filepath))))
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Article, ArticleIndex, WriterOptions};

    /// The names of the files in `dir`.
    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_index_opened_read_only_is_read_without_writing_anything() {
        let dir = tempfile::tempdir().unwrap();
        let index = ArticleIndex::open_or_create(dir.path()).unwrap();
        let mut writer = index.writer(&WriterOptions::default()).unwrap();
        writer
            .add(&Article::new("a1", "Hội nghị", "Đảng ủy xã họp hội nghị."))
            .unwrap();
        writer.commit().unwrap();
        writer.finish().unwrap();
        drop(index);
        let before = files(dir.path());

        let read_only = tantivy::Index::open(ReadOnlyDirectory::open(dir.path()).unwrap()).unwrap();
        let searcher = read_only.reader().unwrap().searcher();
        assert_eq!(searcher.num_docs(), 1);
        assert!(read_only
            .writer::<tantivy::TantivyDocument>(50_000_000)
            .is_err());
        assert_eq!(
            files(dir.path()),
            before,
            "nothing written, no lock file left"
        );
        // A writable directory is not taken for a read-only one.
        assert!(!cannot_be_written(dir.path()));
    }
}

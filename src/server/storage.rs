//! Where uploaded files live, behind a trait so object storage can replace the local disk later.

use std::path::PathBuf;

use async_trait::async_trait;

/// A store of small binary objects by key (keys are `[a-z0-9-/]`, never user-supplied paths).
#[async_trait]
pub trait ObjectStore: Send + Sync + 'static {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> std::io::Result<()>;
    async fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>>;
    async fn delete(&self, key: &str) -> std::io::Result<()>;
}

/// Files under a directory (the data dir's `uploads/` by default).
pub struct LocalDisk {
    pub root: PathBuf,
}

impl LocalDisk {
    fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        let safe = !key.is_empty()
            && key.split('/').all(|part| {
                !part.is_empty()
                    && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
                    && part != "."
                    && part != ".."
            });
        if safe {
            Ok(self.root.join(key))
        } else {
            Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "bad storage key"))
        }
    }
}

#[async_trait]
impl ObjectStore for LocalDisk {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let path = self.path(key)?;
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        // Write then rename: readers never see half a file.
        let tmp = path.with_extension("partial");
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(tmp, path).await
    }

    async fn get(&self, key: &str) -> std::io::Result<Option<Vec<u8>>> {
        match tokio::fs::read(self.path(key)?).await {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn delete(&self, key: &str) -> std::io::Result<()> {
        match tokio::fs::remove_file(self.path(key)?).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn round_trip_and_refuse_path_tricks() {
        let root = std::env::temp_dir().join(format!("carebook-store-{}", uuid::Uuid::new_v4()));
        let store = LocalDisk { root: root.clone() };
        store.put("photos/abc-1.jpg", b"x".to_vec()).await.unwrap();
        assert_eq!(store.get("photos/abc-1.jpg").await.unwrap().as_deref(), Some(&b"x"[..]));
        store.delete("photos/abc-1.jpg").await.unwrap();
        assert_eq!(store.get("photos/abc-1.jpg").await.unwrap(), None);
        for bad in ["../etc/passwd", "/etc/passwd", "photos/../../x", "Photos/A", ""] {
            assert!(store.get(bad).await.is_err(), "{bad}");
        }
        let _ = std::fs::remove_dir_all(root);
    }
}

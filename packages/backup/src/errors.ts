// Typed failures of a backup, restore or verify, each with a message a user can act on.
import { ActionError, ConfigurationError } from '@deploy-actions/action-kit';

/** The backup itself failed or is unusable (dump exit code, truncated stream, wrong checksum). */
export class BackupError extends ActionError {}

/** The stored bytes do not match the manifest's sha256 or size. */
export class ChecksumMismatch extends BackupError {}

/** A client binary (pg_dump, mariadb-dump, zstd) is missing or too old. */
export class ClientMissing extends ConfigurationError {}

/** The storage refused or failed (bucket missing, access denied, disk full). */
export class StorageError extends ConfigurationError {}

/** Wrong age passphrase or identity, or a file that is not age-encrypted. */
export class DecryptionError extends ConfigurationError {}

/** The database could not be reached or refused the credentials. */
export class DatabaseConnectionError extends ConfigurationError {}

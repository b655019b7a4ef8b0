// S3 (and S3-compatible: MinIO, R2, Ceph) storage. Uploads stream through @aws-sdk/lib-storage as a
// multipart upload to `<prefix>/.partial/…`, are copied to the final key only after success, and
// the temporary object is deleted. Credentials come from the default AWS chain.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { StorageError } from '../errors.js';
import { describeIoError, type BackupStore } from './store.js';
import { copyLargeObject, SINGLE_COPY_LIMIT } from './s3-copy.js';

export interface S3Location {
  bucket: string;
  prefix: string;
}

export interface S3Settings {
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
}

const PART_SIZE = 8 * 1024 * 1024;

export function s3ClientConfig(settings: S3Settings): S3ClientConfig {
  return {
    endpoint: settings.endpoint,
    region: settings.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    forcePathStyle: settings.forcePathStyle,
    // The SDK retries throttling, 5xx and dropped connections with capped exponential backoff.
    maxAttempts: 5,
    // Our own sha256 covers integrity; default CRC trailers make S3-compatible stores store aws-chunked framing.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

export class S3Store implements BackupStore {
  readonly uri: string;

  constructor(
    private readonly client: S3Client,
    private readonly location: S3Location,
  ) {
    this.uri = `s3://${location.bucket}${location.prefix ? `/${location.prefix}` : ''}`;
  }

  uriOf(key: string): string {
    return `s3://${this.location.bucket}/${this.key(key)}`;
  }

  async upload(key: string, body: Readable, signal?: AbortSignal): Promise<void> {
    const temp = this.key(`.partial/${key}-${randomBytes(4).toString('hex')}`);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.location.bucket, Key: temp, Body: body },
      partSize: PART_SIZE,
      queueSize: 2,
      // We abort the multipart upload ourselves: lib-storage's own abort throws over the real error
      // when the store refuses AbortMultipartUpload.
      leavePartsOnError: true,
    });
    const onAbort = () => void upload.abort().catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.wrap(upload.done(), `uploading ${this.uriOf(key)}`);
      await this.promote(temp, this.key(key));
    } catch (err) {
      body.destroy();
      const uploadId = (upload as unknown as { uploadId?: string }).uploadId;
      if (uploadId) {
        await this.client
          .send(
            new AbortMultipartUploadCommand({ Bucket: this.location.bucket, Key: temp, UploadId: uploadId }),
          )
          .catch(() => undefined);
      }
      await this.client
        .send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: temp }))
        .catch(() => undefined);
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async writeText(key: string, text: string): Promise<void> {
    await this.wrap(
      this.client.send(
        new PutObjectCommand({
          Bucket: this.location.bucket,
          Key: this.key(key),
          Body: text,
          ContentType: 'application/json',
        }),
      ),
      `writing ${this.uriOf(key)}`,
    );
  }

  async readText(key: string): Promise<string | undefined> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(key) }),
      );
      return await res.Body!.transformToString('utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw this.describe(err, `reading ${this.uriOf(key)}`);
    }
  }

  async openRead(key: string): Promise<Readable> {
    const res = await this.wrap(
      this.client.send(new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(key) })),
      `reading ${this.uriOf(key)}`,
    );
    return res.Body as Readable;
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.key(key) }),
      );
      return head.ContentLength;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw this.describe(err, `reading ${this.uriOf(key)}`);
    }
  }

  async list(): Promise<string[]> {
    const keys: string[] = [];
    const prefix = this.location.prefix ? `${this.location.prefix}/` : '';
    let token: string | undefined;
    for (let page = 0; page < 10_000; page++) {
      const res = await this.wrap(
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.location.bucket,
            Prefix: prefix,
            Delimiter: '/',
            ContinuationToken: token,
          }),
        ),
        `listing ${this.uri}`,
      );
      for (const object of res.Contents ?? []) if (object.Key) keys.push(object.Key.slice(prefix.length));
      if (!res.IsTruncated || !res.NextContinuationToken) break;
      token = res.NextContinuationToken;
    }
    return keys.filter((k) => k !== '' && !k.startsWith('.'));
  }

  async remove(key: string): Promise<void> {
    await this.wrap(
      this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.key(key) })),
      `deleting ${this.uriOf(key)}`,
    );
  }

  async localCopy(
    key: string,
    tempDir: string,
    signal?: AbortSignal,
  ): Promise<{ path: string; cleanup(): Promise<void> }> {
    const path = join(tempDir, `download-${randomBytes(4).toString('hex')}-${key}`);
    const cleanup = () => rm(path, { force: true });
    try {
      await pipeline(await this.openRead(key), createWriteStream(path, { mode: 0o600 }), { signal });
    } catch (err) {
      await cleanup();
      const reason = describeIoError(err);
      throw reason
        ? new StorageError(`${reason} while downloading ${this.uriOf(key)} to ${tempDir}`, { cause: err })
        : err;
    }
    return { path, cleanup };
  }

  private async promote(tempKey: string, finalKey: string): Promise<void> {
    const { bucket } = this.location;
    const size =
      (await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: tempKey }))).ContentLength ?? 0;
    const copy: Promise<unknown> =
      size <= SINGLE_COPY_LIMIT
        ? this.client.send(
            new CopyObjectCommand({
              Bucket: bucket,
              Key: finalKey,
              CopySource: `${bucket}/${encodeURI(tempKey)}`,
            }),
          )
        : copyLargeObject(this.client, bucket, tempKey, finalKey, size);
    await this.wrap(
      copy,
      `copying to ${this.uriOf(finalKey.slice(this.location.prefix ? this.location.prefix.length + 1 : 0))}`,
    );
    await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: tempKey })).catch(() => undefined);
  }

  private key(key: string): string {
    return this.location.prefix ? `${this.location.prefix}/${key}` : key;
  }

  private async wrap<T>(promise: Promise<T>, doing: string): Promise<T> {
    try {
      return await promise;
    } catch (err) {
      throw this.describe(err, doing);
    }
  }

  private describe(err: unknown, doing: string): Error {
    const name = (err as { name?: string; Code?: string })?.name ?? '';
    const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    const message = err instanceof Error ? err.message : String(err);
    if (name === 'NoSuchBucket')
      return new StorageError(`bucket '${this.location.bucket}' does not exist (${doing})`, { cause: err });
    if (name === 'AccessDenied' || name === 'Forbidden' || status === 403) {
      return new StorageError(
        `access denied to ${this.uri} while ${doing}: check the AWS credentials and the bucket policy`,
        { cause: err },
      );
    }
    if (name === 'CredentialsProviderError') {
      return new StorageError(
        `no AWS credentials found (${message}); use aws-actions/configure-aws-credentials or AWS_* env vars`,
        { cause: err },
      );
    }
    const code = (err as NodeJS.ErrnoException)?.code ?? '';
    if (
      ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH'].includes(code) &&
      status === undefined
    ) {
      return new StorageError(`cannot reach S3 while ${doing}: ${message}`, { cause: err });
    }
    // Not an answer from S3 (the body stream failed, the upload was aborted): keep the original error.
    if (status === undefined && name !== 'CredentialsProviderError' && err instanceof Error) return err;
    return new StorageError(`S3 failed while ${doing}: ${name ? `${name}: ` : ''}${message}`, { cause: err });
  }
}

function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string })?.name;
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}

export function openS3Store(uri: string, settings: S3Settings): S3Store {
  return new S3Store(new S3Client(s3ClientConfig(settings)), parseS3Uri(uri));
}

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri.trim());
  if (!m) throw new StorageError(`destination ${JSON.stringify(uri)} is not s3://bucket/prefix`);
  return { bucket: m[1]!, prefix: m[2]!.replace(/\/+$/, '') };
}

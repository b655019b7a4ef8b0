// Server-side copy of objects above CopyObject's 5 GiB limit, as a multipart UploadPartCopy.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

export const SINGLE_COPY_LIMIT = 5 * 1024 ** 3;
const COPY_PART = 1024 ** 3;

export async function copyLargeObject(
  client: S3Client,
  bucket: string,
  from: string,
  to: string,
  size: number,
): Promise<void> {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: to }));
  try {
    const parts: Array<{ ETag?: string; PartNumber: number }> = [];
    for (let start = 0, part = 1; start < size; start += COPY_PART, part++) {
      const end = Math.min(start + COPY_PART, size) - 1;
      const res = await client.send(
        new UploadPartCopyCommand({
          Bucket: bucket,
          Key: to,
          UploadId,
          PartNumber: part,
          CopySource: `${bucket}/${encodeURI(from)}`,
          CopySourceRange: `bytes=${start}-${end}`,
        }),
      );
      parts.push({ ETag: res.CopyPartResult?.ETag, PartNumber: part });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: to,
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (err) {
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: to, UploadId }))
      .catch(() => undefined);
    throw err;
  }
}

import { z } from 'zod';
import { objectSizeSchema } from './object-size';

const weight = z.number().nonnegative();

export const s3OptionsSchema = z
  .strictObject({
    accessKey: z.string().min(1).default('bench').meta({ description: 'Access key id to sign with (the s3 kind\'s default).' }),
    secretKey: z.string().min(1).default('bench-secret-key').meta({ description: 'Secret key to sign with (the s3 kind\'s default).' }),
    region: z.string().min(1).default('us-east-1').meta({ description: 'Region in the SigV4 scope; must match the gateway\'s.' }),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name: 3-63 lowercase letters, digits, . and -')
      .default('bench')
      .meta({ description: 'Bucket to work in (path-style addressing); it must exist (the s3 kind creates services[].options.buckets).' }),
    mix: z
      .strictObject({ get: weight.default(0), put: weight.default(0), delete: weight.default(0), list: weight.default(0), stat: weight.default(0) })
      .default({ get: 45, stat: 30, put: 15, delete: 10, list: 0 })
      .refine((m) => m.get + m.put + m.delete + m.list + m.stat > 0, { message: 'give at least one operation a weight, e.g. {get: 45, stat: 30, put: 15, delete: 10}' })
      .meta({ description: 'Relative weights of GetObject, PutObject, DeleteObject, ListObjectsV2 and HeadObject (stat) per request; default like warp mixed: get 45, stat 30, put 15, delete 10. A get, stat or delete that finds no object does a put instead.' }),
    objectSize: objectSizeSchema.default(64 * 1024).meta({ description: 'Bytes per PUT: a number, a string like "64KiB" or "1MiB", or a uniform distribution {min: "4KiB", max: "1MiB"}.' }),
    objects: z.number().int().nonnegative().default(100).meta({ description: 'Objects prepare uploads before the measured load, for GET/STAT/DELETE to find (split across the group\'s instances).' }),
    keyPrefix: z
      .string()
      .regex(/^[A-Za-z0-9._/-]*$/, 'letters, digits and . _ - / only')
      .default('bench-objects/')
      .meta({ description: 'Object keys are <keyPrefix><instance rank>/<n>, so instances never touch each other\'s objects.' }),
    listMaxKeys: z.number().int().min(1).max(1000).default(100).meta({ description: 'max-keys of each ListObjectsV2 (over this instance\'s prefix).' }),
    signPayload: z
      .boolean()
      .default(false)
      .meta({ description: 'Hash each PUT body into the signature (x-amz-content-sha256); off, PUTs are signed as UNSIGNED-PAYLOAD, as SDKs do over TLS.' }),
    timeoutMs: z.number().int().positive().default(30_000).meta({ description: 'A request without a complete reply after this long fails as `timeout`.' }),
  })
  .superRefine((o, ctx) => {
    if (o.objects === 0 && o.mix.put === 0 && (o.mix.get > 0 || o.mix.stat > 0 || o.mix.delete > 0)) {
      ctx.addIssue({ code: 'custom', path: ['objects'], message: 'get, stat and delete need objects to work on: set objects above 0 or give mix.put a weight' });
    }
  });
export type S3Options = z.output<typeof s3OptionsSchema>;

import type { JobQueue } from '../../domain/ports.ts';
import { BullJobQueue } from './bullmq-job-queue.ts';
import { MemoryJobQueue } from './memory-job-queue.ts';

/** The configured job queue: BullMQ on `REDIS_URL` (`JOBS=bullmq`, the default with Redis), else in-process. */
export function createJobQueue(
  config: {
    readonly jobs: 'memory' | 'bullmq';
    readonly redisUrl: string | null;
    readonly redisKeyPrefix: string;
  },
  onError: (error: unknown) => void,
): JobQueue {
  if (config.jobs === 'bullmq' && config.redisUrl) {
    return new BullJobQueue({ url: config.redisUrl, prefix: `${config.redisKeyPrefix}jobs`, onError });
  }
  return new MemoryJobQueue({ onError });
}

import { randomBytes } from 'node:crypto';
import { BullJobQueue } from '../../src/adapters/jobs/bullmq-job-queue.ts';
import { MemoryJobQueue } from '../../src/adapters/jobs/memory-job-queue.ts';
import { jobQueueContract } from './job-queue.contract.ts';

jobQueueContract('in-process', async () => {
  const queue = new MemoryJobQueue();
  return { queue, close: () => queue.close() };
});

jobQueueContract('BullMQ on Redis', async () => {
  const queue = new BullJobQueue({
    url: 'redis://127.0.0.1:6379',
    prefix: `trove-test-jobs-${randomBytes(4).toString('hex')}`,
  });
  return {
    queue,
    async close() {
      await queue.obliterate();
      await queue.close();
    },
  };
});

// Creating a tagged S3 bucket: tags in CreateBucketConfiguration also need s3:TagResource.
import { CreateBucketCommand, DeleteBucketCommand, GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3'
import { defineScenario } from '../../harness/index.js'

export default defineScenario({
  name: 's3/create-tagged-bucket',
  description: 'CreateBucket with tags (tag-on-create: s3:TagResource), then GetBucketTagging',
  async run({ client, uniqueName, tagList, step, onCleanup }) {
    const s3 = client(S3Client)
    const Bucket = uniqueName('harness-bkt')
    // The SDK adds the LocationConstraint for the client's region itself.
    const created = await step('CreateBucket', () =>
      s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { Tags: tagList } })),
    )
    if (!created.ok) return
    onCleanup((admin) => admin(S3Client).send(new DeleteBucketCommand({ Bucket })))
    await step('GetBucketTagging', () => s3.send(new GetBucketTaggingCommand({ Bucket })))
  },
})

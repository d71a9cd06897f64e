import { startAwsEmulators } from '../src/app/embedded/aws-emulators.ts'

/**
 * The AWS emulators in a process of their own, for a section whose clients
 * run in the bench process: there they would share the event loop that
 * counts what the clients receive. Prints the endpoints as one JSON line;
 * SIGTERM stops them.
 */
const emulators = await startAwsEmulators()
process.stdout.write(JSON.stringify({ dynamodbEndpoint: emulators.dynamodbEndpoint, sqsEndpoint: emulators.sqsEndpoint }) + '\n')
process.once('SIGTERM', () => { emulators.stop().then(() => process.exit(0), () => process.exit(1)) })

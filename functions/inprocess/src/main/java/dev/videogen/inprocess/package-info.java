/**
 * Servers that speak the real protocols of the production services, running inside the current JVM:
 * PostgreSQL ({@link dev.videogen.inprocess.EmbeddedDatabase}), S3 ({@link dev.videogen.inprocess.InProcessS3})
 * and SQS ({@link dev.videogen.inprocess.InProcessSqs}), plus what Lambda would otherwise provide
 * ({@link dev.videogen.inprocess.SqsEventSourcePoller}, {@link dev.videogen.inprocess.LocalLambdaContext}) and a
 * proxy that breaks connections on demand ({@link dev.videogen.inprocess.FaultInjectingProxy}).
 *
 * <p>The local stack ({@code bin/videogen dev}) and the tests use them so that the same SDK and JDBC code runs
 * locally as in AWS, with only the endpoint changed.
 */
package dev.videogen.inprocess;

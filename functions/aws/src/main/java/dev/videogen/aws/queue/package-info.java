/** The render queue on SQS. */
package dev.videogen.aws.queue;

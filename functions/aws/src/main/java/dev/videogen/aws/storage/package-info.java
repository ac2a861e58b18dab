/** The results bucket on S3. */
package dev.videogen.aws.storage;

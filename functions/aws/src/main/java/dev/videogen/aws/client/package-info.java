/** Configuration shared by the service's AWS SDK clients. */
package dev.videogen.aws.client;

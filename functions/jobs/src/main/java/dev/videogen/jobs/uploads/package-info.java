/** {@code POST /v1/uploads}: presigned PUTs of a caller's own input files. */
package dev.videogen.jobs.uploads;

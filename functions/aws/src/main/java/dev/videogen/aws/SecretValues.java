package dev.videogen.aws;

import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.jobs.ConfigException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/** Reads secrets from Secrets Manager, once per execution environment. */
final class SecretValues {

    private SecretValues() {
    }

    static String read(String arnOrName) {
        AwsClientSettings settings = AwsClientSettings.builder()
                .region(System.getenv().getOrDefault("AWS_REGION", "us-east-1")).build();
        try (SecretsManagerClient client = settings.configure(SecretsManagerClient.builder()).build()) {
            String value = client.getSecretValue(GetSecretValueRequest.builder().secretId(arnOrName).build())
                    .secretString();
            if (value == null) {
                throw new ConfigException("the secret " + arnOrName + " has no string value");
            }
            return value;
        } catch (SdkException e) {
            throw new ConfigException("cannot read the secret " + arnOrName + ": " + e.getClass().getSimpleName());
        }
    }
}

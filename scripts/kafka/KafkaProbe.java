// Readiness and health probe for scripts/kafka.sh, run with the broker's own jars on the class path.
//   KafkaProbe ready <bootstrap> <timeoutSeconds> <brokerPid>
//     retries until the broker creates and deletes a topic and serves a group coordinator;
//     gives up early when the broker process has exited.
//   KafkaProbe ping <bootstrap> <timeoutSeconds>
//     one metadata round trip.
// One JVM for the whole wait: a JVM per retry would cost seconds each on a 2-core machine.
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

public class KafkaProbe {
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: KafkaProbe ready|ping <bootstrap> <timeoutSeconds> [brokerPid]");
      System.exit(2);
    }
    String mode = args[0];
    String bootstrap = args[1];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[2]));
    long brokerPid = args.length > 3 ? Long.parseLong(args[3]) : -1;

    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-sh-probe");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");

    Throwable last = null;
    try (Admin admin = Admin.create(props)) {
      do {
        if (brokerPid > 0 && !ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false)) {
          System.err.println("broker process " + brokerPid + " exited");
          System.exit(1);
        }
        try {
          admin.describeCluster().clusterId().get(5, TimeUnit.SECONDS);
          if (mode.equals("ready")) {
            String topic = "kafka-sh-probe-" + ProcessHandle.current().pid();
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            admin.deleteTopics(List.of(topic)).all().get();
            // Loads __consumer_offsets now, so the first consumer group in a test does not wait for it.
            admin.listConsumerGroupOffsets("kafka-sh-probe").partitionsToOffsetAndMetadata().get();
          }
          System.exit(0);
        } catch (ExecutionException e) {
          last = e.getCause();
        } catch (Exception e) {
          last = e;
        }
        Thread.sleep(250);
      } while (System.nanoTime() < deadline);
    }
    System.err.println("broker at " + bootstrap + " did not answer: " + last);
    System.exit(1);
  }
}

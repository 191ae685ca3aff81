// Creates Kafka topics that do not exist yet, in one JVM (much faster than one
// kafka-topics/TopicCommand run per topic), then prints each topic's partition count.
//
// Usage: java -cp ".data/kafka/lib/*:<classes>" EnsureTopics <bootstrap> <replication> <topic:partitions>...
// Exit 0 when every topic exists with at least the requested partitions, 1 otherwise.
import java.util.*;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.errors.TopicExistsException;

public class EnsureTopics {
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: EnsureTopics <bootstrap> <replication> <topic:partitions>...");
      System.exit(2);
    }
    String bootstrap = args[0];
    short rf = Short.parseShort(args[1]);
    Map<String, Integer> wanted = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      int c = args[i].lastIndexOf(':');
      wanted.put(args[i].substring(0, c), Integer.parseInt(args[i].substring(c + 1)));
    }
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15000);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000);
    boolean ok = true;
    try (Admin admin = Admin.create(p)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> create = new ArrayList<>();
      for (Map.Entry<String, Integer> e : wanted.entrySet())
        if (!existing.contains(e.getKey())) create.add(new NewTopic(e.getKey(), e.getValue(), rf));
      if (!create.isEmpty()) {
        CreateTopicsResult r = admin.createTopics(create);
        for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> e : r.values().entrySet()) {
          try {
            e.getValue().get(30, TimeUnit.SECONDS);
            System.out.println("created " + e.getKey());
          } catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
              System.err.println("failed to create " + e.getKey() + ": " + ex.getCause());
              ok = false;
            }
          }
        }
      }
      Map<String, TopicDescription> d =
          admin.describeTopics(wanted.keySet()).allTopicNames().get(30, TimeUnit.SECONDS);
      for (Map.Entry<String, Integer> e : wanted.entrySet()) {
        int n = d.get(e.getKey()).partitions().size();
        System.out.println(e.getKey() + " partitions=" + n);
        if (n < e.getValue()) {
          System.err.println("topic " + e.getKey() + " has " + n + " partitions, wanted " + e.getValue());
          ok = false;
        }
      }
    }
    System.exit(ok ? 0 : 1);
  }
}

package io.driftkit.core.config;

import io.driftkit.api.config.ConfigException;
import java.io.Reader;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML config into flat {@code key=value} pairs from SnakeYAML's node tree, so every value keeps the text the
 * user wrote ({@code 1.0e-3} stays {@code 1.0e-3}, a list {@code [64, 64, 64]} becomes {@code 64,64,64} with every
 * entry): nested mappings join their keys with dots; a key given twice in one mapping, a list holding anything but
 * plain values, or a list entry with a comma is an error naming the key and line.
 */
final class YamlConfig {

  private YamlConfig() {}

  static Map<String, String> read(String source, Reader reader) {
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(options).compose(reader);
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark();
      throw new ConfigException("malformed " + source + ": " + e.getProblem()
          + (m == null ? "" : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1)), e);
    } catch (YAMLException e) {
      throw new ConfigException("malformed " + source + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new TreeMap<>();
    if (root == null) {
      return values;
    }
    if (!(root instanceof MappingNode mapping)) {
      throw new ConfigException("malformed " + source + ": the document must be a mapping of keys to values"
          + at(root));
    }
    flatten(source, "", mapping, values);
    return values;
  }

  private static void flatten(String source, String prefix, MappingNode mapping, Map<String, String> out) {
    Set<String> seen = new HashSet<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        throw new ConfigException("malformed " + source + ": keys must be plain words" + at(tuple.getKeyNode()));
      }
      String key = prefix + keyNode.getValue().trim();
      if (!seen.add(keyNode.getValue().trim())) {
        throw new ConfigException("key '" + key + "' is given twice in " + source + at(keyNode)
            + "; YAML keys must be unique");
      }
      Node value = tuple.getValueNode();
      if (value instanceof MappingNode nested) {
        flatten(source, key + ".", nested, out);
      } else if (value instanceof SequenceNode list) {
        out.put(key, join(source, key, list.getValue()));
      } else {
        ScalarNode scalar = (ScalarNode) value;
        String text = Tag.NULL.equals(scalar.getTag()) ? "" : scalar.getValue().trim();
        if (out.put(key, text) != null) {
          throw new ConfigException("key '" + key + "' is given twice in " + source + at(keyNode));
        }
      }
    }
  }

  private static String join(String source, String key, List<Node> entries) {
    StringBuilder joined = new StringBuilder();
    for (Node entry : entries) {
      if (!(entry instanceof ScalarNode scalar)) {
        throw new ConfigException("key '" + key + "' in " + source + " holds a nested list or mapping" + at(entry)
            + "; expected a list of plain values");
      }
      String text = scalar.getValue().trim();
      if (text.contains(",")) {
        throw new ConfigException("key '" + key + "' in " + source + ": list entry '" + text + "' contains a comma"
            + at(entry) + ", which would read as two entries");
      }
      joined.append(joined.length() == 0 ? "" : ",").append(text);
    }
    return joined.toString();
  }

  private static String at(Node node) {
    Mark m = node.getStartMark();
    return m == null ? "" : " (line " + (m.getLine() + 1) + ")";
  }
}

package dev.gatehouse.core.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One change the Admin API makes to {@code gateway.config.yml}: put or remove the entry {@code
 * name} of a section; for the policy whitelist, add or remove the name.
 *
 * @param section the section
 * @param name the entry's name (the policy's, for the whitelist)
 * @param value the new definition of a put entry; null for removals and the whitelist
 * @param removes whether the entry goes away
 */
record ConfigChange(ConfigSection section, String name, JsonNode value, boolean removes) {

  static ConfigChange put(ConfigSection section, String name, JsonNode value) {
    return new ConfigChange(section, name, value, false);
  }

  static ConfigChange addPolicy(String name) {
    return new ConfigChange(ConfigSection.POLICIES, name, null, false);
  }

  static ConfigChange remove(ConfigSection section, String name) {
    return new ConfigChange(section, name, null, true);
  }
}

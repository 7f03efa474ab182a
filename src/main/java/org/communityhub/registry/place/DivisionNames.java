package org.communityhub.registry.place;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.communityhub.common.database.Jdbc;
import org.communityhub.reference.place.DivisionCode;

/**
 * Names of divisions for addresses, from a cache: platforms want "北京市朝阳区建外街道…社区" on every
 * record, and 44,000 names fit in memory. A code not yet cached is looked up once.
 */
@ApplicationScoped
public class DivisionNames {

    /** Prefecture-level names that stand for "no prefecture" in addresses (municipalities etc.). */
    private static final List<String> PLACEHOLDER_NAMES = List.of("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划");

    private static final List<String> COMMITTEE_SUFFIXES = List.of("居民委员会", "居委会", "村民委员会", "村委会");

    private final Jdbc jdbc;
    private final Map<String, String> names = new ConcurrentHashMap<>();

    DivisionNames(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The name of a division, or null when there is no such code. Works on any thread. */
    public String name(String code) {
        if (code == null) {
            return null;
        }
        String cached = names.get(code);
        if (cached != null) {
            return cached;
        }
        String name = jdbc.queryOne(
                        "select name from division where code = ?", ps -> ps.setString(1, code), rs -> rs.getString(1))
                .orElse(null);
        if (name != null) {
            names.put(code, name);
        }
        return name;
    }

    /** The name of a community as an address writes it: 建外街道一表通示范社区, not …社区居委会. */
    public String placeName(String code) {
        String name = name(code);
        if (name == null) {
            return null;
        }
        for (String suffix : COMMITTEE_SUFFIXES) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** Province to community for a 12-digit community code: 北京市朝阳区建外街道一表通示范社区. */
    public String fullPlace(String communityCode) {
        StringBuilder sb = new StringBuilder();
        for (int length : DivisionCode.lengths()) {
            if (communityCode == null || communityCode.length() < length) {
                break;
            }
            String part = length == DivisionCode.COMMUNITY_LENGTH
                    ? placeName(communityCode)
                    : name(communityCode.substring(0, length));
            if (part != null && !PLACEHOLDER_NAMES.contains(part)) {
                sb.append(part);
            }
        }
        return sb.toString();
    }

    /** Forgets a name (after a division was renamed). */
    void forget(String code) {
        names.remove(code);
    }

    void forgetAll() {
        names.clear();
    }
}

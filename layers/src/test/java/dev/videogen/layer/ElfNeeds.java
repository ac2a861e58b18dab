package dev.videogen.layer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a 64-bit little-endian ELF shared library needs from the system: the libraries it names (DT_NEEDED) and the
 * highest GLIBC_x.y symbol version it asks for, read from its dynamic section and version needs.
 *
 * @param libraries    the DT_NEEDED names
 * @param highestGlibc the highest GLIBC version needed, as major*100+minor (2.33 is 233), or 0
 */
record ElfNeeds(List<String> libraries, int highestGlibc) {

    private static final int DT_NEEDED = 1;
    private static final Pattern GLIBC = Pattern.compile("GLIBC_(\\d+)\\.(\\d+)");

    static ElfNeeds read(byte[] bytes) {
        ByteBuffer elf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.getInt(0) != 0x464C457F || elf.get(4) != 2 || elf.get(5) != 1) {
            throw new IllegalArgumentException("not a 64-bit little-endian ELF file");
        }
        long sectionHeaders = elf.getLong(0x28);
        int sectionSize = elf.getShort(0x3A) & 0xFFFF;
        int sections = elf.getShort(0x3C) & 0xFFFF;
        long dynamicOffset = -1;
        long dynamicSize = 0;
        long dynamicLink = -1;
        long versionNeedOffset = -1;
        long versionNeedLink = -1;
        long[] offsets = new long[sections];
        for (int i = 0; i < sections; i++) {
            int header = (int) (sectionHeaders + (long) i * sectionSize);
            int type = elf.getInt(header + 4);
            offsets[i] = elf.getLong(header + 0x18);
            if (type == 6) { // SHT_DYNAMIC
                dynamicOffset = elf.getLong(header + 0x18);
                dynamicSize = elf.getLong(header + 0x20);
                dynamicLink = elf.getInt(header + 0x28);
            } else if (type == 0x6ffffffe) { // SHT_GNU_verneed
                versionNeedOffset = elf.getLong(header + 0x18);
                versionNeedLink = elf.getInt(header + 0x28);
            }
        }
        List<String> needed = new ArrayList<>();
        if (dynamicOffset >= 0) {
            long strings = offsets[(int) dynamicLink];
            for (long entry = dynamicOffset; entry < dynamicOffset + dynamicSize; entry += 16) {
                long tag = elf.getLong((int) entry);
                if (tag == 0) {
                    break;
                }
                if (tag == DT_NEEDED) {
                    needed.add(string(bytes, strings + elf.getLong((int) entry + 8)));
                }
            }
        }
        int highest = 0;
        if (versionNeedOffset >= 0) {
            long strings = offsets[(int) versionNeedLink];
            long need = versionNeedOffset;
            while (true) {
                int count = elf.getShort((int) need + 2) & 0xFFFF;
                long aux = need + elf.getInt((int) need + 8);
                for (int k = 0; k < count; k++) {
                    String name = string(bytes, strings + elf.getInt((int) aux + 8));
                    Matcher m = GLIBC.matcher(name);
                    if (m.matches()) {
                        highest = Math.max(highest, Integer.parseInt(m.group(1)) * 100 + Integer.parseInt(m.group(2)));
                    }
                    aux += elf.getInt((int) aux + 12);
                }
                int next = elf.getInt((int) need + 12);
                if (next == 0) {
                    break;
                }
                need += next;
            }
        }
        return new ElfNeeds(needed, highest);
    }

    private static String string(byte[] bytes, long offset) {
        int end = (int) offset;
        while (bytes[end] != 0) {
            end++;
        }
        return new String(bytes, (int) offset, end - (int) offset, StandardCharsets.US_ASCII);
    }
}
